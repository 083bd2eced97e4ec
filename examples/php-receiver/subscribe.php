<?php
/**
 * Subscribes receiver.php to every Solar Proof event type, one URL per type, through
 * apidata.php?action=subscribe_customer. Only php-cli is needed (no ext-curl): the POSTs use
 * file_get_contents with a stream context.
 *
 *   SOLARPROOF_URL=http://127.0.0.1:4477 SOLARPROOF_API_KEY=sp_test_key \
 *   RECEIVER_URL=http://127.0.0.1:8080 php subscribe.php
 *
 * Exits 0 when every type is subscribed (contract_signed may be refused by an account on v1
 * payloads, which has no such event: that is reported and skipped), 1 otherwise.
 */
declare(strict_types=1);

$solarproof = rtrim(getenv('SOLARPROOF_URL') ?: 'http://127.0.0.1:4477', '/');
$apiKey = getenv('SOLARPROOF_API_KEY') ?: 'sp_test_key';
$receiver = rtrim(getenv('RECEIVER_URL') ?: 'http://127.0.0.1:8080', '/');

$types = require __DIR__ . '/event-types.php';

$failed = 0;
foreach ($types as $type) {
    $hookUrl = "$receiver/webhooks/solarproof/$type";
    [$status, $answer] = postJson(
        "$solarproof/apidata.php?action=subscribe_customer&api_key=" . rawurlencode($apiKey),
        ['hookUrl' => $hookUrl, 'type_request' => $type],
    );
    $message = is_array($answer) ? (string) ($answer['message'] ?? '') : '';
    if ($status === 200 && is_array($answer) && ($answer['success'] ?? false) === true) {
        echo "subscribed $type -> $hookUrl\n";
    } elseif ($type === 'contract_signed' && $message === 'Invalid webhook type') {
        echo "skipped $type: this account does not offer it (v1 payloads have no contract_signed)\n";
    } else {
        $failed++;
        $why = $status === 0 ? "no answer from $solarproof" : "HTTP $status " . ($message !== '' ? $message : '(no message)');
        fwrite(STDERR, "could not subscribe $type: $why\n");
    }
}
exit($failed === 0 ? 0 : 1);

/**
 * POSTs JSON; returns [HTTP status (0 when unreachable), decoded answer or null].
 *
 * @return array{0: int, 1: mixed}
 */
function postJson(string $url, array $body): array
{
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\nAccept: application/json\r\n",
        'content' => json_encode($body, JSON_UNESCAPED_SLASHES),
        'timeout' => 10,
        'ignore_errors' => true, // read the body of a 400 too: it says what is wrong
    ]]);
    $text = @file_get_contents($url, false, $context);
    if ($text === false) {
        return [0, null];
    }
    // ["HTTP/1.1 200 OK", ...]: http_get_last_response_headers() from PHP 8.4, before that the
    // $http_response_header variable that file_get_contents sets in this scope.
    $headers = function_exists('http_get_last_response_headers') ? http_get_last_response_headers() : $http_response_header;
    $statusLine = $headers[0] ?? '';
    $status = preg_match('#^HTTP/\S+\s+(\d{3})#', $statusLine, $m) ? (int) $m[1] : 0;
    return [$status, json_decode($text, true)];
}
