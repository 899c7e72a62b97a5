/** One problem with a request value, located by an RFC 6901 JSON pointer. */
export interface RequestValidationIssue {
  /** Into the request body for body problems; into the query or path parameter object otherwise. */
  readonly pointer: string;
  readonly message: string;
}
