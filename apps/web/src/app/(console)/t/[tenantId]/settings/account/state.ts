// The Account forms' state, shared by the server actions and the client forms (no server imports).
export interface AccountFormState {
  /** Set when the change went through: what to tell the person. */
  done: string | null;
  error: string | null;
  /** Changes on every submission, so the same message is announced (toast) again. */
  attempt: number;
}

export const INITIAL_ACCOUNT_FORM_STATE: AccountFormState = { done: null, error: null, attempt: 0 };
