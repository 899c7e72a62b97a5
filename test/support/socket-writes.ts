import type { Writable } from 'node:stream';

/** The Writable hooks every socket write goes through: `_write` for one chunk, `_writev` for a corked batch. */
type Hooked = Writable & { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };

/** Counts a socket's writes (each one system call) from now until `stop()`. */
export function countSocketWrites(socket: Writable): { readonly count: number; reset(): void; stop(): void } {
  const hooked = socket as Hooked;
  const write = hooked._write.bind(hooked);
  const writev = hooked._writev.bind(hooked);
  let count = 0;
  hooked._write = (...args) => {
    count++;
    write(...args);
  };
  hooked._writev = (...args) => {
    count++;
    writev(...args);
  };
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
    stop: () => {
      hooked._write = write;
      hooked._writev = writev;
    },
  };
}
