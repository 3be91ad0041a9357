/** The fields branch navigation needs; `MessageEntity` has them. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  role: string;
  createdAt: Date;
}

function byAge(a: TreeNode, b: TreeNode): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Messages of one conversation indexed for walking up (parents) and down (children, oldest first). */
export class MessageTree<T extends TreeNode> {
  private readonly byId = new Map<string, T>();
  private readonly children = new Map<string | null, T[]>();

  constructor(messages: T[]) {
    for (const message of [...messages].sort(byAge)) {
      this.byId.set(message.id, message);
      const siblings = this.children.get(message.parentId) ?? [];
      siblings.push(message);
      this.children.set(message.parentId, siblings);
    }
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** From the root down to `leafId` (inclusive). */
  pathTo(leafId: string): T[] {
    const path: T[] = [];
    for (let node = this.byId.get(leafId); node; node = node.parentId ? this.byId.get(node.parentId) : undefined) {
      path.push(node);
      if (path.length > this.byId.size) throw new Error('Message tree has a cycle');
    }
    return path.reverse();
  }

  /** Follows the newest child from `id` down to a leaf: what "show this branch" means. */
  newestLeafFrom(id: string): string {
    let current = id;
    for (let next = this.newestChild(current); next; next = this.newestChild(current)) current = next.id;
    return current;
  }

  /** The newest leaf of the whole conversation (when no current leaf is recorded). */
  newestLeaf(): string | null {
    const roots = this.children.get(null) ?? [];
    const newestRoot = roots[roots.length - 1];
    return newestRoot ? this.newestLeafFrom(newestRoot.id) : null;
  }

  /** Same parent and same role, oldest first, the message itself included. */
  siblingIds(message: T): string[] {
    return (this.children.get(message.parentId) ?? []).filter((m) => m.role === message.role).map((m) => m.id);
  }

  private newestChild(id: string): T | undefined {
    const kids = this.children.get(id);
    return kids?.[kids.length - 1];
  }
}
