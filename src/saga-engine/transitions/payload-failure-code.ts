/** Why a node's payload could not be built: its mapping failed, or the result is too large for a command. */
export const PayloadFailureCodes = {
  mappingFailed: 'input-mapping-failed',
  tooLarge: 'mapping-result-too-large',
} as const;
export type PayloadFailureCode = (typeof PayloadFailureCodes)[keyof typeof PayloadFailureCodes];
