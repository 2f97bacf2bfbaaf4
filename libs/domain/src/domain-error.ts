/**
 * A refusal by the domain. `code` is stable (the API maps it to an HTTP status and a problem type);
 * `message` is for humans and may change.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
