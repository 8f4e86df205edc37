import { request } from "node:http";

export interface SentBody {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes the client managed to write before the answer came or the socket closed. */
  written: number;
}

/**
 * POSTs `bytes` bytes to `url` (with Content-Length, or chunked when `chunked`), written 1 MiB at
 * a time from one reused buffer (the client never holds the body), and resolves with the answer
 * as soon as it arrives; writing stops then.
 */
export function sendBody(url: string, bytes: number, options: { chunked?: boolean; headers?: Record<string, string> } = {}): Promise<SentBody> {
  const chunk = Buffer.alloc(1024 * 1024, "a");
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, {
      method: "POST",
      // One connection per upload: the server cuts a refused one, so it must not go back to a pool.
      agent: false,
      headers: { "content-type": "application/json", ...(options.chunked ? {} : { "content-length": String(bytes) }), ...options.headers },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body += text));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, written });
        req.destroy();
      });
      res.on("error", reject);
    });
    // The server cuts a refused upload after answering: that error is expected once the answer came.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < bytes) {
        const size = Math.min(chunk.length, bytes - written);
        written += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
