import { BlockList, isIP } from "node:net";

/*
 * The client's IP behind reverse proxies (issue 19). X-Forwarded-For is a list each proxy extends
 * on the right with the address it received the request from; only the entries our own proxies
 * added can be believed, and anything left of them may be made up by the client. So the client is
 * the rightmost address that is not one of our proxies (TRUSTED_PROXIES, CIDRs), reading from the
 * socket's peer leftwards. Without trusted proxies, the header is ignored: the peer is the client.
 */

/** Given a socket's peer address and the X-Forwarded-For header, returns the client's IP. */
export type ClientIpResolver = (socketAddress: string | undefined, forwardedFor: string | string[] | null | undefined) => string;

/** What TRUST_PROXY=true used to mean, kept as the trusted set: a proxy on this host or the private network. */
export const LOCAL_PROXY_RANGES = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

/** Given one entry of TRUSTED_PROXIES, returns why it is not an IP or CIDR, or undefined when it is. */
export function cidrProblem(entry: string): string | undefined {
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return `not an IP address or CIDR: ${entry.slice(0, 60)}`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return `bad prefix length: ${entry.slice(0, 60)}`;
  return undefined;
}

/** Given CIDRs (checked with cidrProblem), returns whether an address is one of those proxies. */
export function proxyMatcher(trusted: readonly string[]): (address: string | undefined) => boolean {
  if (trusted.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of trusted) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(normalize(address), type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const value = normalize(address ?? "");
    const family = isIP(value);
    return family !== 0 && list.check(value, family === 6 ? "ipv6" : "ipv4");
  };
}

/** Given CIDRs (checked with cidrProblem), returns the resolver that trusts exactly them. */
export function clientIpResolver(trusted: readonly string[]): ClientIpResolver {
  if (trusted.length === 0) return (socketAddress) => normalize(socketAddress ?? "") || "unknown";
  const isTrusted = proxyMatcher(trusted);
  return (socketAddress, forwardedFor) => {
    const peer = normalize(socketAddress ?? "");
    if (!peer) return "unknown";
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").map((hop) => normalize(hop.trim()));
    let client = peer;
    // From the right: while the address in hand is one of our proxies, the one it names before it is nearer the client.
    for (let i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      const previous = hops[i];
      // A malformed entry can only come from the far side of our proxies: stop at the last proxy.
      if (!previous || isIP(previous) === 0) break;
      client = previous;
    }
    return client;
  };
}

/** Strips what is not part of an address: IPv4-mapped IPv6 (::ffff:a.b.c.d), brackets, an IPv6 zone. */
function normalize(address: string): string {
  let value = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const zone = value.indexOf("%");
  return zone >= 0 ? value.slice(0, zone) : value;
}

/**
 * Given TRUSTED_PROXIES (comma or space separated) and the deprecated TRUST_PROXY, returns the
 * CIDRs to trust. TRUST_PROXY=true alone, which used to believe any first X-Forwarded-For entry,
 * now trusts the local and private ranges, still reading from the right.
 */
export function trustedProxyList(env: { TRUSTED_PROXIES?: string | undefined; TRUST_PROXY?: string | undefined }): string[] {
  const listed = (env.TRUSTED_PROXIES ?? "").split(/[\s,]+/).filter(Boolean);
  if (listed.length > 0) return listed;
  return env.TRUST_PROXY === "true" || env.TRUST_PROXY === "1" ? LOCAL_PROXY_RANGES : [];
}
