/**
 * Which addresses a link preview may connect to: public unicast only. Refused: private (RFC 1918,
 * IPv6 ULA), loopback, link-local, unspecified, carrier-grade NAT, multicast, broadcast, reserved,
 * documentation and benchmarking ranges, and IPv6 forms that carry an IPv4 address (mapped,
 * NAT64, 6to4, Teredo) whose IPv4 address is refused. Pure.
 * References: RFC 6890 (special-purpose registries), RFC 4291 §2.5.5, RFC 6052, RFC 3056, RFC 4380.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) refused.addSubnet(net, bits, 'ipv6');

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo), if any. */
function embeddedIPv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const groups = expand(lower);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number): string => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return v4(groups[6] as number, groups[7] as number); // ::ffff:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b) return v4(groups[6] as number, groups[7] as number); // NAT64
  if (groups[0] === 0x2002) return v4(groups[1] as number, groups[2] as number); // 6to4
  if (groups[0] === 0x2001 && groups[1] === 0) return v4((groups[6] as number) ^ 0xffff, (groups[7] as number) ^ 0xffff); // Teredo client
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (dotted tail converted). */
function expand(ip: string): number[] | undefined {
  let text = ip;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return !refused.check(ip, 'ipv4');
  if (!isIPv6(ip)) return false;
  const unscoped = ip.split('%')[0] as string;
  if (refused.check(unscoped, 'ipv6')) return false;
  const v4 = embeddedIPv4(unscoped);
  return v4 === undefined || isPublicAddress(v4);
}
