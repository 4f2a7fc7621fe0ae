'use strict';
// No-op stand-in for the ngrok package (its postinstall downloads a binary, which fails offline).
// bottender requires ngrok only in its `dev` CLI command; this project uses bottender as a library.
async function connect() {
  throw new Error('ngrok is not available in this build (stubs/ngrok); expose the webhook another way');
}
async function disconnect() {}
async function kill() {}
module.exports = { connect, disconnect, kill };
