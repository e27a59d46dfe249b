import { describe, expect, it } from 'vitest';
import { FieldChecker } from '../../workers/scenario/field-checks';
import { checkAction } from '../../workers/scenario/scenario-actions';
import { ScenarioError } from '../../workers/scenario/scenario-error';
import { formErrorsFromCauses, nodeLayoutFromForm, type NodeFormFields } from './node-form';

const empty: NodeFormFields = { name: '', cpu: '', memory: '', pods: '', labels: '', taints: '' };

describe('the Add node form', () => {
  it('reads labels as key=value and taints as kubectl taint writes them', () => {
    expect(nodeLayoutFromForm({ name: ' gpu-1 ', cpu: '16', memory: '64Gi', pods: '50', labels: 'accelerator=nvidia, zone=a', taints: 'dedicated=gpu:NoSchedule special:NoExecute' })).toEqual({
      node: {
        name: 'gpu-1',
        cpu: '16',
        memory: '64Gi',
        maxPods: 50,
        labels: { accelerator: 'nvidia', zone: 'a' },
        taints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'special', effect: 'NoExecute' },
        ],
      },
      errors: {},
    });
    expect(nodeLayoutFromForm({ ...empty, name: 'n' })).toEqual({ node: { name: 'n' }, errors: {} });
  });

  it('refuses text it cannot read, by field', () => {
    expect(nodeLayoutFromForm({ ...empty, name: 'n', pods: 'many', labels: 'zone', taints: 'dedicated=gpu' }).errors).toEqual({
      pods: ['Invalid value: "many": must be an integer'],
      labels: ['"zone": a label is key=value'],
      taints: ['invalid taint spec: dedicated=gpu'],
    });
  });

  it("puts the scenario checker's problems next to their fields", () => {
    const { node } = nodeLayoutFromForm({ ...empty, name: 'Bad_Name', cpu: '-1', memory: 'lots', pods: '0', labels: 'a/b/c=x', taints: 'k=v:Sometimes' });
    const c = new FieldChecker();
    checkAction(c, { type: 'add-node', node }, '');
    let causes: { path: string; message: string }[] = [];
    try {
      c.throwIfAny();
    } catch (e) {
      causes = [...(e as ScenarioError).causes];
    }
    const errors = formErrorsFromCauses(causes);
    expect(Object.keys(errors).sort()).toEqual(['cpu', 'labels', 'memory', 'name', 'pods', 'taints']);
    expect(errors.name?.[0]).toMatch(/^name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(errors.cpu).toEqual(['cpu: Invalid value: "-1": must be greater than 0']);
    expect(errors.pods).toEqual(['maxPods: Invalid value: 0: must be greater than or equal to 1']);
    expect(errors.taints?.[0]).toMatch(/^taints\[0\]\.effect: Unsupported value: "Sometimes"/);
    expect(formErrorsFromCauses([{ path: 'node', message: 'node: Required value' }, { path: 'node.name', message: 'node.name: Duplicate value: "worker-1"' }])).toEqual({ form: ['node: Required value'], name: ['name: Duplicate value: "worker-1"'] });
  });
});
