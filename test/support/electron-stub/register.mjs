// `node --import ./register.mjs out/main/index.js`: resolve `electron` to the stub.
import { register } from 'node:module';
register(new URL('./hooks.mjs', import.meta.url));
