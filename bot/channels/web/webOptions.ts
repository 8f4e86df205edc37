import { z } from "zod";
import { clientIpResolver, trustedProxyList, type ClientIpResolver } from "../../http/clientIp.js";

/** Tunables of the web channel; defaults suit a patient typing by hand behind a shared clinic NAT. */
export interface WebChannelOptions {
  /** Path of the WebSocket endpoint. */
  path: string;
  /** Largest frame answered normally (WS_MAX_FRAME_BYTES); bigger ones get TRIAGE_FRAME_TOO_LARGE. */
  maxFrameBytes: number;
  /** Frames above this are refused by ws itself (close 1009): past it we cannot answer cheaply. */
  hardMaxPayload: number;
  /** Interval of ws ping/pong; a socket that missed one whole interval is terminated. */
  heartbeatMs: number;
  /** Messages allowed per connection per window. */
  perConnection: { points: number; durationSeconds: number };
  /** Messages allowed per client IP per window (all its connections together). */
  perIp: { points: number; durationSeconds: number };
  /** Hosts (host:port) whose pages may open /ws besides the request's own Host, e.g. PUBLIC_URL's behind a proxy. */
  allowedOriginHosts: string[];
  /** The client's IP from the socket and X-Forwarded-For: the rightmost address that is not a trusted proxy (TRUSTED_PROXIES). */
  clientIp: ClientIpResolver;
}

const envSchema = z.object({
  WS_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024),
  WS_HEARTBEAT_MS: z.coerce.number().int().positive().default(30_000),
  WS_RATE_CONNECTION_POINTS: z.coerce.number().int().positive().default(20),
  WS_RATE_CONNECTION_SECONDS: z.coerce.number().int().positive().default(10),
  WS_RATE_IP_POINTS: z.coerce.number().int().positive().default(600),
  WS_RATE_IP_SECONDS: z.coerce.number().int().positive().default(10),
  TRUSTED_PROXIES: z.string().optional(),
  TRUST_PROXY: z.enum(["true", "false", "1", "0"]).optional(),
});

/** Given the environment, returns the web channel's options (the WS_* variables; see README). */
export function webOptionsFromEnv(source: Record<string, string | undefined> = process.env): WebChannelOptions {
  const env = envSchema.parse(source);
  return {
    path: "/ws",
    maxFrameBytes: env.WS_MAX_FRAME_BYTES,
    hardMaxPayload: Math.max(env.WS_MAX_FRAME_BYTES * 4, 64 * 1024),
    heartbeatMs: env.WS_HEARTBEAT_MS,
    perConnection: { points: env.WS_RATE_CONNECTION_POINTS, durationSeconds: env.WS_RATE_CONNECTION_SECONDS },
    perIp: { points: env.WS_RATE_IP_POINTS, durationSeconds: env.WS_RATE_IP_SECONDS },
    clientIp: clientIpResolver(trustedProxyList(env)),
    allowedOriginHosts: [],
  };
}
