// Minimal typings for the part of sodium-native v5 the relay uses (the package ships none).
declare module 'sodium-native' {
  /** libsodium's crypto_sign_verify_detached: does the 64-byte `signature` sign `message` under the 32-byte `publicKey`? */
  export function crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}
