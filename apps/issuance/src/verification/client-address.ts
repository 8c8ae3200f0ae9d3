import { isIPv4, isIPv6 } from 'node:net';

/** Groups of an IPv6 address, expanded (an embedded IPv4 tail counts as two groups). */
function ipv6Groups(address: string): string[] {
  const groupsOf = (part: string): string[] =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['v4', 'v4'] : [g]));
  const [head, tail] = address.split('::') as [string, string | undefined];
  if (tail === undefined) return groupsOf(head);
  const left = groupsOf(head);
  const right = groupsOf(tail);
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}

/**
 * The key the public limits count a client under: its IPv4 address, or the /64 network of
 * its IPv6 address. One subscriber usually holds a whole IPv6 /64, so counting single
 * addresses would let one client rotate through 2^64 of them; IPv4-mapped IPv6 addresses
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports) count as the IPv4 address.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  const address = ip.split('%')[0];
  if (!isIPv6(address)) return `other:${ip}`;
  const network = ipv6Groups(address.toLowerCase())
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''));
  return `${network.join(':')}::/64`;
}
