#!/usr/bin/env bash
# The MCP server with the official Python SDK as a real client: `hojokin mcp` over stdio and
# /mcp over streamable HTTP, every tool's result checked against the REST answer.
set -euo pipefail; cd "$(dirname "$0")/../.."; . .ci/lib.sh; trap stop_servers EXIT

start_server MCP_REST HOJOKIN_MCP=on
export MCP_REST_ADDR HOJOKIN_BIN
python3 .ci/tests/test_mcp.py
