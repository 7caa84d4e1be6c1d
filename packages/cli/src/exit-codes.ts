/** What `dashscope` exits with; scripts branch on these, so they never change meaning. */
export const ExitCode = {
  success: 0,
  /** The prediction or training ended `failed`, `canceled` or `aborted` (its deadline came before it started). */
  predictionFailed: 1,
  /** The command line is wrong: which argument and why is printed. */
  usage: 2,
  /** The API answered with an error, or could not be reached (also file downloads and other I/O). */
  api: 3,
  /** Ctrl-C (SIGINT), as shells report a process ended by it. */
  interrupted: 130,
} as const;
