/** True when a principal with `inFlight` running or compensating sagas may start one more under `limit`. */
export function hasRoomForAnotherSaga(inFlight: number, limit: number): boolean {
  return inFlight < limit;
}
