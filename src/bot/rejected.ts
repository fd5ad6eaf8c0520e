/**
 * A request the bot refuses before anything is written or sent: not authentic (401), malformed (400),
 * too large (413), or aimed at a platform that is not enabled here (404). The one failure type every
 * receiver throws; the HTTP answer carries `status` and the message as `{ error }`, a WebSocket
 * transport logs it and acknowledges the frame (the sender would only send it again).
 */
export class RejectedRequest extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'RejectedRequest';
  }
}
