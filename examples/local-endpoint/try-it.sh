# From the repository root after `npm ci`; any credentials will do (the endpoint does not check them).
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1
npx stream-sim serve --port 4567 --stream orders --shards 2 &   # prints its URL when ready
npx stream-sim load examples/hot-key.json --endpoint http://127.0.0.1:4567 --stream orders --duration 3
aws --endpoint-url http://127.0.0.1:4567 kinesis put-record --stream-name orders --partition-key k --data aGk=
AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:4567 aws kinesis describe-stream-summary --stream-name orders
kill %1   # serve stops, printing what each shard accepted and throttled
