// The socket.io connection to Rasa's socketio channel (through the web app's /socket.io/ proxy).
//
// Protocol (Rasa 3.6 SocketIOInput, session_persistence on):
//   client → session_request {session_id: <stored secret or null>}   (after every (re)connect)
//   server → session_confirm "<secret>"    (a string; an object with session_id is accepted too)
//   client → user_uttered {message: "text or /payload", session_id}
// The web app's bridge (bot/web/bridge.py) issues the secret and gives Rasa only an id derived from
// it; the secret is kept in this browser alone and opens the conversation's history.
//   server → bot_uttered {…payload…}
// Sending is only allowed once the session is confirmed on the current connection: socket.io would
// otherwise buffer the message silently and Rasa drops a user_uttered without a session id.
import { io } from "socket.io-client";

// A sent message counts as "maybe lost" if the connection drops before it is acknowledged (Rasa's
// handler acks after processing) and before any bot reply arrived, within this window.
const AT_RISK_MS = 30000;

export class Transport {
  /**
   * @param {{origin: string, socketPath: string}} server
   * @param {{onState: (state: "connecting"|"ready"|"offline") => void, onSession: (id: string) => void,
   *          onBot: (payload: any) => void}} handlers
   */
  constructor(server, handlers) {
    this.server = server;
    this.handlers = handlers;
    this.socket = null;
    this.sessionId = null;
    this.ready = false;
    this.restarting = false;
    this.pending = new Map(); // seq → {sentAt, onFail}
    this.seq = 0;
  }

  get started() { return this.socket !== null; }

  /** Opens the connection (once); later calls are no-ops. */
  start(sessionId) {
    if (this.socket) return;
    this.sessionId = sessionId || null;
    const socket = io(this.server.origin, {
      path: this.server.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 15000,
    });
    this.socket = socket;
    this.handlers.onState("connecting");

    socket.on("connect", () => {
      this.ready = false;
      socket.emit("session_request", { session_id: this.sessionId || null });
    });
    socket.on("session_confirm", (data) => {
      const id = typeof data === "string" || typeof data === "number" ? String(data)
        : data && (data.session_id || data.sessionId) ? String(data.session_id || data.sessionId) : this.sessionId;
      if (!id) return;
      this.sessionId = id;
      this.ready = true;
      this.restarting = false;
      this.handlers.onSession(id);
      this.handlers.onState("ready");
    });
    socket.on("bot_uttered", (payload) => {
      // a reply proves everything sent before it arrived
      this.pending.clear();
      this.handlers.onBot(payload);
    });
    socket.on("disconnect", (reason) => {
      this.ready = false;
      this.failPending();
      if (this.restarting) return;
      this.handlers.onState("offline");
      // the server closed the socket on purpose: socket.io does not reconnect by itself then
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
    });
    socket.on("connect_error", () => {
      this.ready = false;
      if (!this.restarting) this.handlers.onState("offline");
      // a refused connection (middleware error) is not retried by the manager
      if (!socket.active) setTimeout(() => { if (!socket.connected) socket.connect(); }, 5000);
    });
  }

  /** Starts over with a new session id (the "新对话" action): a new socket id leaves the old room. */
  restart(sessionId) {
    this.sessionId = sessionId || null;
    this.ready = false;
    this.pending.clear();
    if (!this.socket) { this.start(sessionId); return; }
    this.restarting = true;
    this.handlers.onState("connecting");
    this.socket.disconnect();
    this.socket.connect();
  }

  /**
   * Sends a message. Returns false (nothing queued) when not connected; otherwise true, and
   * onFail is called if the connection drops before the server acknowledged the message.
   */
  send(message, onFail) {
    if (!this.socket || !this.socket.connected || !this.ready || !this.sessionId) return false;
    const seq = ++this.seq;
    this.pending.set(seq, { sentAt: Date.now(), onFail });
    this.socket.emit("user_uttered", { message, session_id: this.sessionId }, () => this.pending.delete(seq));
    return true;
  }

  failPending() {
    const now = Date.now();
    for (const entry of this.pending.values()) {
      if (now - entry.sentAt <= AT_RISK_MS && entry.onFail) entry.onFail();
    }
    this.pending.clear();
  }
}
