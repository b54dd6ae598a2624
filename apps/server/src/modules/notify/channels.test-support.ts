/**
 * Real servers for the channel tests: an HTTP server standing in for the SMS gateway (and any stub HTTP
 * endpoint), and an SMTP server process (the `smtp-server` package) receiving real mail. Each can be told to
 * refuse the next N attempts.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface HttpHit {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  ok: boolean;
}

export class StubHttpServer {
  readonly hits: HttpHit[] = [];
  failNext = 0;
  #server?: Server;
  url = "";

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const ok = this.failNext <= 0;
        if (!ok) this.failNext--;
        this.hits.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString() || "{}"), ok });
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? { errcode: 0 } : { error: "busy" }));
      });
    });
    this.#server.listen(0, "127.0.0.1");
    await once(this.#server, "listening");
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  accepted(): HttpHit[] {
    return this.hits.filter((h) => h.ok);
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((r) => this.#server?.close(r));
  }
}

export class TestSmtpServer {
  readonly mail: ParsedMail[] = [];
  attempts = 0;
  failNext = 0;
  #server?: SMTPServer;
  url = "";

  async start(): Promise<this> {
    this.#server = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          this.attempts++;
          if (this.failNext > 0) {
            this.failNext--;
            return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
          }
          simpleParser(Buffer.concat(chunks)).then(
            (m) => {
              this.mail.push(m);
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    this.#server.listen(0, "127.0.0.1");
    await once(this.#server.server, "listening");
    this.url = `smtp://127.0.0.1:${(this.#server.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.#server?.close(() => r()));
  }
}
