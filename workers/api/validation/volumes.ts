/** Volume validation as upstream's validateVolumes and the checks of each modelled volume source. */
import { field } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain } from '../names';
import { tryParseQuantity } from '../quantity';
import type { FieldError } from '../types';
import { arr, has, invalidEach, isObj, num, str } from './util';

/** In the order upstream's validateVolumeSource counts them: the later of two is the one reported. */
const volumeSources = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flexVolume', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'csi', 'scaleIO',
  'storageos', 'configMap', 'projected', 'ephemeral', 'image', 'flocker',
];

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateMode(mode: number | undefined, path: string): FieldError[] {
  if (mode === undefined) return [];
  return mode < 0 || mode > 0o777 ? [field.invalid(path, mode, 'must be a number between 0 and 0777 (octal), both inclusive')] : [];
}

function validateKeyToPaths(list: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  list.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!str(item, 'key')) errs.push(field.required(`${p}.key`, ''));
    const target = str(item, 'path');
    if (!target) errs.push(field.required(`${p}.path`, ''));
    else if (target.startsWith('/')) errs.push(field.invalid(`${p}.path`, target, 'must be a relative path'));
    else if (target.split('/').includes('..')) errs.push(field.invalid(`${p}.path`, target, "must not contain '..'"));
    errs.push(...validateMode(num(item, 'mode'), `${p}.mode`));
  });
  return errs;
}

function validateSource(kind: string, source: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'configMap': {
      const name = str(source, 'name');
      if (!name) errs.push(field.required(`${path}.name`, ''));
      else errs.push(...invalidEach(`${path}.name`, name, isDNS1123Subdomain(name)));
      errs.push(...validateMode(num(source, 'defaultMode'), `${path}.defaultMode`));
      errs.push(...validateKeyToPaths(arr(source, 'items'), `${path}.items`));
      break;
    }
    case 'secret': {
      const name = str(source, 'secretName');
      if (!name) errs.push(field.required(`${path}.secretName`, ''));
      else errs.push(...invalidEach(`${path}.secretName`, name, isDNS1123Subdomain(name)));
      errs.push(...validateMode(num(source, 'defaultMode'), `${path}.defaultMode`));
      errs.push(...validateKeyToPaths(arr(source, 'items'), `${path}.items`));
      break;
    }
    case 'persistentVolumeClaim':
      if (!str(source, 'claimName')) errs.push(field.required(`${path}.claimName`, ''));
      break;
    case 'hostPath': {
      if (!str(source, 'path')) errs.push(field.required(`${path}.path`, ''));
      const type = str(source, 'type');
      if (!hostPathTypes.includes(type)) errs.push(field.notSupported(`${path}.type`, type, hostPathTypes));
      break;
    }
    case 'emptyDir': {
      const limit = isObj(source) ? source.sizeLimit : undefined;
      if (limit !== undefined) {
        const q = tryParseQuantity(limit);
        if (!q || q.sign() < 0) errs.push(field.invalid(`${path}.sizeLimit`, limit, 'must be greater than or equal to 0'));
      }
      break;
    }
    case 'nfs':
      if (!str(source, 'server')) errs.push(field.required(`${path}.server`, ''));
      if (!str(source, 'path')) errs.push(field.required(`${path}.path`, ''));
      break;
    case 'downwardAPI':
    case 'projected':
      errs.push(...validateMode(num(source, 'defaultMode'), `${path}.defaultMode`));
      break;
    default:
      break;
  }
  return errs;
}

/** validateVolumes: unique DNS-label names, exactly one source each; returns the errors and the names. */
export function validateVolumes(volumes: unknown[], path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(v)) {
      errs.push(field.typeInvalid(p, v, 'must be an object'));
      return;
    }
    const name = str(v, 'name');
    if (!name) errs.push(field.required(`${p}.name`, ''));
    else errs.push(...invalidEach(`${p}.name`, name, isDNS1123Label(name)));
    if (name && names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
    if (name) names.add(name);
    const kinds = volumeSources.filter((k) => has(v, k));
    if (kinds.length === 0) errs.push(field.required(p, 'must specify a volume type'));
    for (const extra of kinds.slice(1)) errs.push(field.forbidden(`${p}.${extra}`, 'may not specify more than 1 volume type'));
    if (kinds.length) errs.push(...validateSource(kinds[0], v[kinds[0]], `${p}.${kinds[0]}`));
  });
  return { errs, names };
}
