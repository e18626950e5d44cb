// Docker container names cri-dockerd/dockershim give pods (core/naming.go): k8s_<container|POD>_<pod>_<ns>_<uid>_<attempt>[_<8hex>].

export interface K8sName {
  /** "POD" for the sandbox (pause) container. */
  container: string;
  pod: string;
  namespace: string;
  uid: string;
  attempt: number;
  sandbox: boolean;
}

/** The parts of a k8s_ docker name (a leading "/" as docker inspect prints it is allowed), or null. */
export function parseK8sName(name: string): K8sName | null {
  const parts = name.replace(/^\//, '').split('_');
  // On a name conflict a random "_%08x" is appended (randomizeName); parseSandboxName drops it too.
  if (parts.length === 7 && /^[0-9a-f]{8}$/.test(parts[6]!)) parts.pop();
  if (parts.length !== 6 || parts[0] !== 'k8s') return null;
  const [, container, pod, namespace, uid, attempt] = parts as [string, string, string, string, string, string];
  if (!container || !pod || !namespace || !/^\d+$/.test(attempt)) return null;
  return { container, pod, namespace, uid, attempt: Number(attempt), sandbox: container === 'POD' };
}
