export default async function globalTeardown(): Promise<void> {
  // The suite database is dropped at the start of the next run, so a failed run can be inspected.
}
