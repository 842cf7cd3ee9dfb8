/** An edit the rules refuse (overlap, out of range); the UI shows its message as a toast and nothing changes. */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}
