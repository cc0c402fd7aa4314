/** Input that cannot be read as Kubernetes objects: the CLI reports it and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
