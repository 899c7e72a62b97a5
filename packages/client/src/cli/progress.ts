/** Where the progress indicator draws: stderr, and whether it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const Frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner with the saga's last status on stderr while `saga` waits, redrawn in place; nothing
 * at all when stderr is not a terminal, so scripts and logs see only the result.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private status = 'waiting';

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
  ) {}

  start(): void {
    if (!this.stream.isTTY || this.timer) return;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
    this.draw();
  }

  update(status: string): void {
    this.status = status;
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const spinner = Frames[this.frame++ % Frames.length]!;
    this.stream.write(`\r\x1b[2K${spinner} ${this.label}: ${this.status}`);
  }
}
