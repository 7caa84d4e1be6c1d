/**
 * True for hosts that can only be this machine, as a browser sees them: `*.localhost` included, since
 * browsers map it to loopback themselves. Used for the `Origin` and `Host` a request carries.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host.endsWith(".localhost") || isLoopbackAddressOrLocalhost(host);
}

/**
 * `localhost`, 127.0.0.0/8 or `::1`: names that reach this machine without asking DNS. Node resolves
 * `*.localhost` through the network's DNS like any other name, so it is left out here.
 */
function isLoopbackAddressOrLocalhost(host: string): boolean {
  if (host === "localhost") return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const octets = host.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * True for an http(s) URL the emulator may call itself (webhooks, file inputs, their redirects) so
 * that running it can never make it reach, or even look up, anything on the network.
 */
export function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      isLoopbackAddressOrLocalhost(url.hostname.toLowerCase().replace(/^\[|\]$/g, ""))
    );
  } catch {
    return false;
  }
}
