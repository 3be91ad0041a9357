import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** A resolved address of a host name, as `dns.lookup(host, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has. Injected so tests can make any name point anywhere. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** Why a URL may not be fetched. Its message is written for the model and the user. */
export class SsrfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsrfError';
  }
}

/** A URL cleared for fetching, with the address to connect to (never resolved again: no DNS rebinding). */
export interface VettedTarget {
  url: URL;
  /** Host name without brackets or trailing dot, lower case. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/**
 * Whether an address is one the model's tools may reach: public unicast only. Refuses loopback, private,
 * link-local (incl. 169.254.169.254), unique-local, CGNAT, unspecified, multicast, broadcast and reserved
 * ranges, and IPv6 forms that carry such an IPv4 address (mapped, compatible, NAT64, 6to4).
 */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : `is in a ${range} range`;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const parts = v6.parts;
  const embedded = (high: number, low: number) => ipaddr.IPv4.parse([high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'));
  if (range === 'ipv4Mapped') return prefixed('an IPv4-mapped form of', forbiddenAddressReason(v6.toIPv4Address().toString()));
  // ::/96 (IPv4-compatible, deprecated) is classed unicast by ipaddr.js; nothing legitimate lives there.
  if (parts.slice(0, 6).every((part) => part === 0)) return 'is an IPv4-compatible IPv6 address';
  if (range === 'rfc6052') {
    // 64:ff9b::/96 carries a public IPv4 on NAT64 networks; the local-use 64:ff9b:1::/48 is private.
    if (parts[2] !== 0) return 'is in a local-use NAT64 range';
    return prefixed('a NAT64 form of', forbiddenAddressReason(embedded(parts[6]!, parts[7]!).toString()));
  }
  if (range === '6to4') return prefixed('a 6to4 form of', forbiddenAddressReason(embedded(parts[1]!, parts[2]!).toString()));
  return range === 'unicast' ? null : `is in a ${range} range`;
}

function prefixed(form: string, reason: string | null): string | null {
  return reason === null ? null : `is ${form} an address that ${reason}`;
}

/** `host[:port]` entries, e.g. from `SSRF_ALLOW_HOSTS=127.0.0.1:4010,searx.internal`. */
export function parseAllowList(value: string | undefined): Array<{ host: string; port: string | null }> {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
      if (!match) throw new Error(`SSRF_ALLOW_HOSTS has an invalid entry "${entry}" (host[:port] expected)`);
      return { host: normalizeHost(match[1]!), port: match[2] ?? null };
    });
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

export interface SsrfGuardOptions {
  resolver?: HostResolver;
  /** Hosts reachable even though private (tests and the demo reach fake-upstreams on 127.0.0.1). */
  allowHosts?: Array<{ host: string; port: string | null }>;
}

/**
 * Decides whether a URL the model asked for may be fetched, and pins the address to connect to. Every hop
 * of a redirect chain goes through `vet` again.
 */
export class SsrfGuard {
  private readonly resolver: HostResolver;
  private readonly allowHosts: Array<{ host: string; port: string | null }>;

  constructor(options: SsrfGuardOptions = {}) {
    this.resolver = options.resolver ?? systemResolver;
    this.allowHosts = options.allowHosts ?? [];
  }

  async vet(input: string | URL): Promise<VettedTarget> {
    let url: URL;
    try {
      // WHATWG parsing turns decimal, octal, hex and short IPv4 notations into dotted quads.
      url = new URL(input);
    } catch {
      throw new SsrfError(`"${String(input).slice(0, 200)}" is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfError(`Only http and https URLs can be fetched, not ${url.protocol}`);
    if (url.username || url.password) throw new SsrfError('URLs with a user name or password are not fetched');
    const hostname = normalizeHost(url.hostname);
    if (!hostname) throw new SsrfError('The URL has no host');
    const allowed = this.allowHosts.some((entry) => entry.host === hostname && (entry.port === null || entry.port === effectivePort(url)));

    if (ipaddr.isValid(hostname)) {
      const family = ipaddr.parse(hostname).kind() === 'ipv6' ? 6 : 4;
      if (!allowed) this.refuseAddress(hostname, hostname);
      return { url, hostname, address: hostname, family };
    }
    if (!allowed && (hostname === 'localhost' || hostname.endsWith('.localhost'))) throw new SsrfError(`${hostname} is a local address and cannot be fetched`);
    if (!/^[a-z0-9.-]+$/.test(hostname)) throw new SsrfError(`${hostname} is not a valid host name`);

    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolver(hostname);
    } catch (error) {
      throw new SsrfError(`${hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (addresses.length === 0) throw new SsrfError(`${hostname} has no address`);
    // Every address must pass: a name with one public and one private address is refused outright.
    if (!allowed) for (const { address } of addresses) this.refuseAddress(hostname, address);
    const [first] = addresses;
    return { url, hostname, address: first!.address, family: first!.family };
  }

  private refuseAddress(hostname: string, address: string): void {
    const reason = forbiddenAddressReason(address);
    if (reason === null) return;
    const subject = hostname === address ? address : `${hostname} (${address})`;
    throw new SsrfError(`${subject} ${reason}: internal addresses cannot be fetched`);
  }
}
