import { createServer, connect, type Socket } from "node:net";

/** A TCP proxy on 127.0.0.1 in front of several instances. */
export interface RoundRobinProxy {
  /** ws://127.0.0.1:<port>/ws through the proxy. */
  ws: string;
  /** The proxy's port. */
  port: number;
  /** Which backend (index into the ports given) each connection went to, in order. */
  readonly routed: number[];
  close(): Promise<void>;
}

/**
 * A load balancer without sticky sessions, as small as one can be: each new TCP connection goes to
 * the next backend in turn, bytes are piped both ways, and either side closing closes the other.
 * A patient's reconnection therefore lands on another instance than the one it left. A backend
 * that refuses the connection (its process is gone) is skipped for the next one, as nginx's
 * `proxy_next_upstream error` and HAProxy's `redispatch` do; the client is closed only when none
 * accepts.
 */
export async function roundRobinProxy(backendPorts: number[]): Promise<RoundRobinProxy> {
  const sockets = new Set<Socket>();
  const routed: number[] = [];
  let next = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  };

  /** Connects to the backend at `index`, or the ones after it in turn; undefined when none accepts. */
  const connectFrom = (index: number, tries: number): Promise<{ backend: Socket; index: number } | undefined> =>
    new Promise((resolve) => {
      if (tries === 0) return resolve(undefined);
      const backend = connect(backendPorts[index]!, "127.0.0.1");
      track(backend);
      let connected = false;
      backend.once("connect", () => {
        connected = true;
        resolve({ backend, index });
      });
      backend.once("error", () => {
        backend.destroy();
        if (!connected) resolve(connectFrom((index + 1) % backendPorts.length, tries - 1));
      });
    });

  const server = createServer((client) => {
    track(client);
    // Held until a backend accepted: what the client sends meanwhile stays in its buffer.
    client.pause();
    const first = next;
    next = (next + 1) % backendPorts.length;
    void connectFrom(first, backendPorts.length).then((found) => {
      if (!found || client.destroyed) {
        found?.backend.destroy();
        client.destroy();
        return;
      }
      const { backend, index } = found;
      routed.push(index);
      client.pipe(backend);
      backend.pipe(client);
      client.resume();
      client.on("close", () => backend.destroy());
      backend.on("close", () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    ws: `ws://127.0.0.1:${port}/ws`,
    port,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
