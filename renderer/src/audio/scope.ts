/**
 * One owner for every Tone node, DOM listener, timer and subscription (a disposal scope, as wavesurfer.js has).
 * Whatever creates one registers its cleanup here; disposing the scope releases all of them, last created first.
 */
export class DisposalScope {
  private cleanups: (() => void)[] = [];
  private disposed = false;

  add<T extends { dispose(): unknown }>(thing: T): T {
    this.defer(() => thing.dispose());
    return thing;
  }

  defer(fn: () => void): void {
    if (this.disposed) {
      fn();
      return;
    }
    this.cleanups.push(fn);
  }

  listen<K extends keyof HTMLMediaElementEventMap>(el: HTMLMediaElement, type: K, fn: (e: HTMLMediaElementEventMap[K]) => void): void {
    el.addEventListener(type, fn);
    this.defer(() => el.removeEventListener(type, fn));
  }

  interval(fn: () => void, ms: number): void {
    const id = setInterval(fn, ms);
    this.defer(() => clearInterval(id));
  }

  /** A child scope, disposed with this one (or earlier, on its own). */
  child(): DisposalScope {
    const c = new DisposalScope();
    this.defer(() => c.dispose());
    return c;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const fns = this.cleanups.reverse();
    this.cleanups = [];
    for (const fn of fns) {
      try {
        fn();
      } catch {
        // a node already torn down by the context is fine: disposal must never stop half-way
      }
    }
  }
}
