export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** extra lines for `tinychain CMD --help` */
  details?: string;
  /** returns the exit code */
  run(argv: string[]): number | Promise<number>;
}
