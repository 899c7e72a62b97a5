/** The limits a parsed JSON value is held to, at every boundary (HTTP bodies, broker messages). */
export interface JsonValueLimits {
  /** Deepest nesting of objects and arrays accepted. */
  readonly maxDepth: number;
  /** Longest array accepted: a long array in a small body is still costly downstream. */
  readonly maxArrayLength: number;
}

export const DefaultJsonValueLimits: JsonValueLimits = {
  maxDepth: 64,
  maxArrayLength: 1000,
};
