// The model contract on the webgpu backend (Mesa's llvmpipe in CI, forced: a software adapter is
// never chosen automatically). Every read is asynchronous: webgpu cannot read a tensor synchronously
// in Node.
import { initBackend } from '@lrlab/backends';
import { describeModelContract } from './contract-suite';

beforeAll(async () => {
  await initBackend({ prefer: 'webgpu' });
});

describeModelContract('webgpu');
