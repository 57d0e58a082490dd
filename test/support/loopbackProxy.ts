/**
 * An HTTP proxy on 127.0.0.1 for tests: it records every CONNECT tunnel it is asked for (by target host:port) and
 * opens it, or refuses it with `connectStatus` (407 records the attempt without any target being reachable). A plain
 * (non-CONNECT) request is refused with 405, so a request that should not have gone through the proxy fails, unless
 * `forward` is set: then it is forwarded and recorded by URL.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect as netConnect, type Socket } from 'node:net';
import { closeServer } from './countingServer';

/** A running loopback proxy. */
export interface LoopbackProxy {
  /** Without a scheme, as proxy variables are often written: 127.0.0.1:PORT. */
  hostPort: string;
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The CONNECT targets asked for, in order. */
  connects: string[];
  /** The URLs of plain requests forwarded (with `forward`), in order. */
  forwards: string[];
  close(): Promise<void>;
}

/** Starts the proxy on an ephemeral port. */
export async function startLoopbackProxy(
  connectStatus = 200,
  opts: { forward?: boolean } = {},
): Promise<LoopbackProxy> {
  const connects: string[] = [];
  const forwards: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (!opts.forward) {
      res.writeHead(405);
      res.end();
      return;
    }
    forwards.push(req.url ?? '');
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    sockets.add(client);
    client.on('error', () => undefined);
    if (connectStatus !== 200) {
      const reason = connectStatus === 407 ? 'Proxy Authentication Required' : 'Refused';
      client.end(`HTTP/1.1 ${connectStatus} ${reason}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const target = netConnect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    sockets.add(target);
    target.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    forwards,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}
