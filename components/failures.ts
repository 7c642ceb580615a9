/**
 * Errors thrown inside an `apply` never reach the program's caller: the SDK keeps the Output
 * pending and the registration waits for ever. Components run their apply bodies through
 * `reported`, which rethrows as before (the real CLI reports the error) and also tells a listener,
 * so the offline engine can stop the run at once with the message instead of hanging.
 */
type Listener = (error: unknown) => void;
let listener: Listener | undefined;

export function onApplyFailure(l: Listener | undefined): void {
  listener = l;
}

export function reported<A, R>(body: (a: A) => R): (a: A) => R {
  return (a: A) => {
    try {
      return body(a);
    } catch (e) {
      listener?.(e);
      throw e;
    }
  };
}
