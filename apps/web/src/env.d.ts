/// <reference types="vite/client" />

// Bootstrap ships no types; only the pieces the shell drives from code are declared.
declare module 'bootstrap' {
  export class Offcanvas {
    static getInstance(element: Element): Offcanvas | null;
    static getOrCreateInstance(element: Element): Offcanvas;
    show(): void;
    hide(): void;
    dispose(): void;
  }

  export class Dropdown {
    static getOrCreateInstance(element: Element): Dropdown;
    hide(): void;
  }
}
