import { describe, expect, it } from "vitest";
import { cidrProblem, clientIpResolver, LOCAL_PROXY_RANGES, trustedProxyList } from "../../bot/http/clientIp.js";
import { loadConfig } from "../../bot/config/config.js";

describe("the client's IP behind trusted proxies", () => {
  const behindProxy = clientIpResolver(["10.0.0.0/8", "2001:db8::/32"]);

  it("ignores X-Forwarded-For entirely when no proxy is trusted", () => {
    expect(clientIpResolver([])("198.51.100.4", "203.0.113.9")).toBe("198.51.100.4");
  });

  it("takes the rightmost address that is not a trusted proxy, whatever the client put on the left", () => {
    // The client forged two entries; our proxy (10.0.0.2) appended the address it really saw.
    expect(behindProxy("10.0.0.2", "1.2.3.4, 5.6.7.8, 203.0.113.7")).toBe("203.0.113.7");
    expect(behindProxy("10.0.0.2", ["1.2.3.4", "203.0.113.7"])).toBe("203.0.113.7");
  });

  it("walks through a chain of trusted proxies, IPv6 and IPv4-mapped addresses included", () => {
    expect(behindProxy("::ffff:10.0.0.2", "203.0.113.7, 10.9.9.9")).toBe("203.0.113.7");
    expect(behindProxy("2001:db8::1", "2001:db8::2, 2a00:1450::5")).toBe("2a00:1450::5");
  });

  it("believes no header from a peer that is not a trusted proxy", () => {
    expect(behindProxy("198.51.100.4", "203.0.113.7")).toBe("198.51.100.4");
  });

  it("stops at the last proxy when the entry before it is not an address", () => {
    expect(behindProxy("10.0.0.2", "not-an-ip")).toBe("10.0.0.2");
    expect(behindProxy("10.0.0.2", undefined)).toBe("10.0.0.2");
  });

  it("reads TRUSTED_PROXIES, and the old TRUST_PROXY=true as this host's and private ranges", () => {
    expect(trustedProxyList({ TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.5" })).toEqual(["10.0.0.0/8", "192.168.1.5"]);
    expect(trustedProxyList({ TRUST_PROXY: "true" })).toEqual(LOCAL_PROXY_RANGES);
    expect(trustedProxyList({})).toEqual([]);
  });

  it("refuses a configuration with something that is not an IP or CIDR, naming it", () => {
    expect(cidrProblem("10.0.0.0/33")).toMatch(/prefix/);
    expect(() => loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8 proxy.example.org" })).toThrow(/proxy\.example\.org/);
  });
});
