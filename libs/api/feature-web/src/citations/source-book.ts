/** A page the model was given in this turn, under the number it may cite it by. */
export interface NumberedSource {
  number: number;
  url: string;
  title: string;
}

/**
 * The sources of one turn, numbered in the order the tools returned them (the same URL keeps its number),
 * so the answer's `[n]` markers can only point at pages the model was actually given.
 */
export class SourceBook {
  private readonly byUrl = new Map<string, NumberedSource>();

  add(url: string, title: string): NumberedSource {
    const known = this.byUrl.get(url);
    if (known) {
      // A search result's title may be replaced by the page's own once it is read.
      if (title && known.title === known.url) known.title = title;
      return known;
    }
    const source = { number: this.byUrl.size + 1, url, title: title || url };
    this.byUrl.set(url, source);
    return source;
  }

  get(number: number): NumberedSource | undefined {
    return [...this.byUrl.values()].find((source) => source.number === number);
  }

  byUrlOf(url: string): NumberedSource | undefined {
    return this.byUrl.get(url);
  }
}
