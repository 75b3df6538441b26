/**
 * The template, or the sandbox's use of it, cannot produce valid objects.
 * Nothing is applied; the Sandbox turns Failed with this reason and message,
 * written for the person who owns the sandbox or the template.
 */
export class TemplateError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.name = 'TemplateError';
    this.reason = reason;
  }
}
