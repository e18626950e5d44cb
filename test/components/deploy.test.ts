import { describe, expect, it } from 'vitest';
import { classifyStep, deploy } from '../../src/components/deploy.js';
import { deployLog, deployMessage } from '../../src/formats/deploy-log.js';
import { fixture, inputOf, journalRecords, recordAt } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const deployRecords = (c: string) => runFormat(deployLog, fixture('deploy-log', c), `var/log/${c}.log`).records;
const chinese = deployRecords('python-logging-name-level-chinese-steps');
const maint = deployRecords('python-logging-padded-level-bracket-name');

describe('deploy: classifyStep on every line of the Chinese deploy log', () => {
  const expected: [string, string, string | null][] = [
    ['开始卸载docker...', 'runtime.uninstall', 'dockerd'],
    ['停止kubelet', 'kubelet.stop', null],
    ['停止cri-docker', 'runtime.stop', 'cri-dockerd'],
    ['停止docker', 'runtime.stop', 'dockerd'],
    ['清理残留的containerd-shim进程', 'runtime.stop', 'containerd'],
    ['卸载docker-ce docker-ce-cli containerd.io cri-dockerd', 'runtime.uninstall', 'dockerd'],
    ['删除 /var/lib/docker /var/lib/cri-dockerd', 'runtime.uninstall', 'dockerd'],
    ['重新安装docker (28.3.3)', 'runtime.install', 'dockerd'],
    ['启动docker', 'runtime.start', 'dockerd'],
    ['启动cri-docker', 'runtime.start', 'cri-dockerd'],
    ['启动kubelet', 'kubelet.start', null],
    ['部署完成', 'cluster.deploy', null],
  ];

  it('the table covers the whole file, in order', () => {
    expect(chinese.map((r) => deployMessage(r.message).msg)).toEqual(expected.map(([t]) => t));
  });

  for (const [text, cls, runtime] of expected) {
    it(`${text} → ${cls}${runtime ? ` (${runtime})` : ''}`, () => {
      expect(classifyStep(text)).toEqual({ cls, runtime });
    });
  }
});

describe('deploy: classifyStep on every line of the English maintenance log', () => {
  const expected: [string, string, string | null][] = [
    ['step 1/4 drain: kubectl drain qa-worker-11 --ignore-daemonsets --delete-emptydir-data', 'cluster.delete', null],
    ['step 1/4 drain: node drained, 3 pods evicted', 'cluster.delete', null],
    ['step 2/4 runtime: systemctl restart docker (daemon.json: log-opts max-size=50m)', 'runtime.restart', 'dockerd'],
    ['step 2/4 runtime: docker active, 0 containers running', 'other', 'dockerd'],
    ['step 3/4 uncordon: kubectl uncordon qa-worker-11', 'cluster.deploy', null],
    ['step 4/4 verify: 3/3 pods Running on qa-worker-11', 'other', null],
  ];

  it('the table covers the whole file, in order', () => {
    expect(maint.map((r) => deployMessage(r.message).msg)).toEqual(expected.map(([t]) => t));
  });

  for (const [text, cls, runtime] of expected) {
    it(`${text} → ${cls}`, () => {
      expect(classifyStep(text)).toEqual({ cls, runtime });
    });
  }
});

describe('deploy: recognize', () => {
  it('a deploy-log record → deploy.step with the message stripped of logger name and level', () => {
    const evs = deploy.recognize(inputOf(chinese[0]!));
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({
      kind: 'deploy.step',
      ids: [],
      domain: 'host',
      attrs: { ident: 'deploy', pid: null, class: 'runtime.uninstall', runtime: 'dockerd', step: '开始卸载docker...' },
      source: { path: 'var/log/python-logging-name-level-chinese-steps.log', line: 1 },
    });
  });

  it('every line of both logs is one deploy.step with the class classifyStep gives', () => {
    for (const rec of [...chinese, ...maint]) {
      const evs = deploy.recognize(inputOf(rec));
      expect(evs).toHaveLength(1);
      expect(evs[0]!.attrs.class).toBe(classifyStep(deployMessage(rec.message).msg).cls);
    }
  });

  it('a journal entry tagged by a script (uninstall-docker[27310]) → deploy.step from its first line only', () => {
    const rec = recordAt(journalRecords('short-english-months'), 4);
    expect(rec.message.split('\n')).toHaveLength(5);
    const evs = deploy.recognize(inputOf(rec));
    expect(evs.map((e) => [e.kind, e.attrs.class, e.attrs.runtime, e.attrs.step])).toEqual([
      ['deploy.step', 'runtime.uninstall', 'dockerd', 'uninstall-docker: stopping docker before package removal'],
    ]);
  });

  it('daemon records (kubelet, systemd, dockerd) are not deploy steps', () => {
    const recs = journalRecords('short-english-months');
    for (const line of [1, 9, 10, 23]) expect(deploy.recognize(inputOf(recordAt(recs, line))), `line ${line}`).toEqual([]);
  });
});

describe('deploy: classifyStep edge wording', () => {
  it('English runtime verbs', () => {
    expect(classifyStep('yum remove -y docker-ce containerd.io').cls).toBe('runtime.uninstall');
    expect(classifyStep('systemctl stop docker').cls).toBe('runtime.stop');
    expect(classifyStep('systemctl start containerd')).toEqual({ cls: 'runtime.start', runtime: 'containerd' });
    expect(classifyStep('installing docker-ce 28.3.3').cls).toBe('runtime.install');
  });

  it('cluster wording', () => {
    expect(classifyStep('kubeadm reset -f').cls).toBe('cluster.delete');
    expect(classifyStep('kubectl apply -f traefik.yaml').cls).toBe('cluster.deploy');
    expect(classifyStep('checking disk space').cls).toBe('other');
  });
});
