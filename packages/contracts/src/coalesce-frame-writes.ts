/** The amqplib internals this reaches into: the frame multiplexer and the socket it writes to (`out`). */
interface MuxingConnection {
  muxer?: { _readIncoming?: () => void; out?: { cork?: () => void; uncork?: () => void } };
}

const coalesced = new WeakSet<object>();

/**
 * Makes one amqplib connection send each event-loop turn's frames in ONE socket write.
 *
 * amqplib's multiplexer already gathers the frames of every channel once per turn, then writes
 * them one `socket.write` at a time; with `noDelay` (which prompt publisher confirms need) each
 * is its own syscall and TCP segment. Corking the socket for that pass lets the acks, publishes
 * and replies of concurrent sagas share a write. Frame order and flow control are amqplib's own:
 * the pass is the same, only its writes are gathered, and the socket is uncorked before it ends.
 *
 * Call it on the `ChannelModel` of every (re)connect (`setup`). It returns false and changes
 * nothing when amqplib's internals are not where this expects them (`connection.muxer` and
 * the socket it writes to): frames are then written one by one, as amqplib does by default.
 */
export function coalesceFrameWrites(model: object): boolean {
  const muxer = (model as { connection?: MuxingConnection }).connection?.muxer;
  const socket = muxer?.out;
  const readIncoming = muxer?._readIncoming;
  if (muxer === undefined || typeof readIncoming !== 'function' || typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') {
    return false;
  }
  if (coalesced.has(muxer)) return true;
  coalesced.add(muxer);
  const cork = socket.cork.bind(socket);
  const uncork = socket.uncork.bind(socket);
  muxer._readIncoming = () => {
    cork();
    try {
      readIncoming.call(muxer);
    } finally {
      uncork();
    }
  };
  return true;
}
