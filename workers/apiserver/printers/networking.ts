/** networking.k8s.io and discovery.k8s.io: Ingresses, IngressClasses, NetworkPolicies, EndpointSlices. */
import { formatLabelSelector } from '../../api/selectors';
import { ageColumn, ageOf, apiDoc, arr, col, field, listWithMore, nameColumn, nameOf, str, type KindPrinter } from './format';
import { loadBalancerIngress } from './core';

function ingressHosts(rules: Record<string, unknown>[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && typeof rule.host === 'string' && rule.host !== '') list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/** Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  print(ing, ctx) {
    return {
      cells: [
        nameOf(ing),
        str(ing, 'spec', 'ingressClassName') || '<none>',
        ingressHosts(arr(ing, 'spec', 'rules')),
        loadBalancerIngress(arr(ing, 'status', 'loadBalancer', 'ingress'), ctx.wide),
        arr(ing, 'spec', 'tls').length ? '80, 443' : '80',
        ageOf(ing, ctx),
      ],
    };
  },
};

/** IngressClasses: NAME CONTROLLER PARAMETERS AGE (`Kind.group/name`). */
export const ingressClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  print(obj, ctx) {
    const p = field(obj, 'spec', 'parameters') as Record<string, unknown> | undefined;
    let parameters = '<none>';
    if (p) {
      parameters = (p.kind as string) ?? '';
      if (typeof p.apiGroup === 'string') parameters += `.${p.apiGroup}`;
      parameters += `/${(p.name as string) ?? ''}`;
    }
    return { cells: [nameOf(obj), str(obj, 'spec', 'controller'), parameters, ageOf(obj, ctx)] };
  },
};

/** NetworkPolicies: NAME POD-SELECTOR AGE. */
export const networkPolicyPrinter: KindPrinter = {
  columns: [nameColumn(), col('Pod-Selector', 'string', apiDoc('networking.v1.NetworkPolicySpec', 'podSelector')), ageColumn()],
  print: (obj, ctx) => ({ cells: [nameOf(obj), formatLabelSelector(field(obj, 'spec', 'podSelector') ?? {}), ageOf(obj, ctx)] }),
};

function slicePorts(ports: Record<string, unknown>[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const p of ports) {
    if (list.length < max) list.push(typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*');
    else if (list.length === max) more = true;
  }
  return listWithMore(list, more, ports.length, max);
}

function sliceEndpoints(endpoints: Record<string, unknown>[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const e of endpoints) {
    for (const a of arr<string>(e, 'addresses')) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max);
}

/** EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('AddressType', 'string', apiDoc('discovery.v1.EndpointSlice', 'addressType')),
    col('Ports', 'string', apiDoc('discovery.v1.EndpointSlice', 'ports')),
    col('Endpoints', 'string', apiDoc('discovery.v1.EndpointSlice', 'endpoints')),
    ageColumn(),
  ],
  print: (obj, ctx) => ({
    cells: [nameOf(obj), str(obj, 'addressType'), slicePorts(arr(obj, 'ports')), sliceEndpoints(arr(obj, 'endpoints')), ageOf(obj, ctx)],
  }),
};
