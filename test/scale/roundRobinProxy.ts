import { createServer, connect, type Socket } from "node:net";

/** A TCP proxy on 127.0.0.1 in front of several instances. */
export interface RoundRobinProxy {
  /** ws://127.0.0.1:<port>/ws through the proxy. */
  ws: string;
  /** Which backend (index into the ports given) each connection went to, in order. */
  readonly routed: number[];
  close(): Promise<void>;
}

/**
 * A load balancer without sticky sessions, as small as one can be: each new TCP connection goes to
 * the next backend in turn, bytes are piped both ways, and either side closing closes the other.
 * A patient's reconnection therefore lands on another instance than the one it left.
 */
export async function roundRobinProxy(backendPorts: number[]): Promise<RoundRobinProxy> {
  const sockets = new Set<Socket>();
  const routed: number[] = [];
  let next = 0;
  const server = createServer((client) => {
    const index = next;
    next = (next + 1) % backendPorts.length;
    routed.push(index);
    const backend = connect(backendPorts[index]!, "127.0.0.1");
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(backend);
    backend.pipe(client);
    client.on("close", () => backend.destroy());
    backend.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    ws: `ws://127.0.0.1:${port}/ws`,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
