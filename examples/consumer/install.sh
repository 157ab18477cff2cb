# Sets this example up from the packed packages: run it from the repository root, after `npm ci`.
npm pack --pack-destination examples/consumer
npm pack --workspace stream-simulator --ignore-scripts --pack-destination examples/consumer
cd examples/consumer
npm install
npm run synth
npm test
