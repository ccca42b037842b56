// proxy-addr ships no types (express's own dependency, the same version express uses).
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';
  type Trust = (addr: string, i: number) => boolean;
  function proxyaddr(req: IncomingMessage, trust: Trust | string | string[] | number): string;
  namespace proxyaddr {
    function compile(val: string | string[]): Trust;
    function all(req: IncomingMessage, trust?: Trust | string | string[] | number): string[];
  }
  export default proxyaddr;
}
