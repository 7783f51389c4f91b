// The publishable packages, in dependency order. Shared by the packaging tools and tests.
export const PACKAGES = ['core', 'backends', 'blas', 'webgpu', 'schedules', 'datasets', 'models', 'metrics', 'experiments', 'report', 'cli'];
