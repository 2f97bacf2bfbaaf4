/** A one-line progress bar on stderr: done/total, events/s, ETA. Redrawn at most every 100 ms. */
export class ProgressBar {
  private readonly startedAt = Date.now();
  private drawnAt = 0;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.drawnAt < 100) return;
    this.drawnAt = now;
    if (done > this.total) this.total = done;
    const share = this.total === 0 ? 1 : done / this.total;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((this.total - done) / rate) : undefined;
    const line =
      `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `${done.toLocaleString('en')}/${this.total.toLocaleString('en')} events  ${Math.round(rate).toLocaleString('en')} ev/s  ETA ${eta === undefined ? '?' : `${eta}s`}`;
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  finish(done: number): void {
    this.update(done, true);
    if (this.out.isTTY) this.out.write('\n');
  }
}
