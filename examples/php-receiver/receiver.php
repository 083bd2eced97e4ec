<?php
/**
 * A Solar Proof webhook receiver in plain PHP (no Composer, no framework), as you would drop it
 * into a WordPress plugin or a Laravel route. Run it with PHP's built-in server:
 *
 *   SOLARPROOF_EVENTS_FILE=/tmp/solarproof-events.jsonl php -S 127.0.0.1:8080 receiver.php
 *
 * Solar Proof POSTs JSON with no event-type field, so each event type gets its own URL:
 * /webhooks/solarproof/{type} (subscribe.php subscribes all of them). Every request is answered
 * at once (Solar Proof wants a 200 within 5 seconds); what arrived is appended as one JSON line
 * to SOLARPROOF_EVENTS_FILE, where your real app would queue a job instead.
 */
declare(strict_types=1);

define('EVENT_TYPES', require __DIR__ . '/event-types.php');

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';

if ($path === '/health') {
    answer(200, ['status' => 'ok']);
    return;
}
if (!preg_match('#^/webhooks/solarproof/([a-z_]+)$#', $path, $m) || !in_array($m[1], EVENT_TYPES, true)) {
    answer(404, ['error' => "No receiver here. POST to /webhooks/solarproof/{type}, type one of: " . implode(', ', EVENT_TYPES)]);
    return;
}
$type = $m[1];
if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
    answer(405, ['error' => 'Solar Proof webhooks are POSTs']);
    return;
}

// The raw body, whatever the Content-Type says ($_POST is empty for JSON).
$raw = file_get_contents('php://input');
$body = json_decode($raw === false ? '' : $raw, true);
if (!is_array($body)) {
    // Not JSON, or a bare string/number: nothing we can use. Solar Proof may send it again.
    error_log("solarproof $type: body is not a JSON object or array: " . substr((string) $raw, 0, 80));
    answer(400, ['error' => 'Body is not a JSON object or array']);
    return;
}

// v1 payloads are one object; v2 payloads are an array of objects, except customer_created,
// which is one object in both. Handle both: a list is many items, an object is one.
$shape = array_is_list($body) ? 'array' : 'object';
$items = $shape === 'array' ? $body : [$body];

$handled = [];
foreach ($items as $item) {
    if (!is_array($item)) {
        answer(400, ['error' => 'Each item must be a JSON object']);
        return;
    }
    $handled[] = handle($type, $item);
}

record([
    'type' => $type,
    'shape' => $shape,
    'received_at' => gmdate('Y-m-d\TH:i:s\Z'),
    'user_agent' => $_SERVER['HTTP_USER_AGENT'] ?? null,
    'handled' => $handled,
    'payload' => $body,
]);
answer(200, ['ok' => true]);

/**
 * What your app would do with one item. v1 and v2 name the same things differently
 * (pkcustomerid / customer_id, pkcustomerquotationid / project_id, ...); read both.
 *
 * @param array<string, mixed> $item
 * @return array<string, mixed>
 */
function handle(string $type, array $item): array
{
    $customerId = $item['customer_id'] ?? $item['pkcustomerid'] ?? $item['fkcustomerid'] ?? null;
    $projectId = $item['project_id'] ?? $item['pkcustomerquotationid'] ?? null;
    switch ($type) {
        case 'customer_created':
            // Upsert by customer id: Solar Proof may deliver the same event more than once.
            return ['customer_id' => $customerId, 'name' => $item['customer_name'] ?? null, 'email' => $item['customer_email'] ?? null];
        case 'customer_status_change':
            return [
                'customer_id' => $customerId,
                'old_status' => $item['old_status_id'] ?? $item['old_status'] ?? null,
                'new_status' => $item['new_status_id'] ?? $item['new_status'] ?? null,
            ];
        case 'project_email_sent':
            return ['project_id' => $projectId, 'customer_id' => $customerId, 'subject' => $item['email_subject'] ?? null];
        case 'project_sms_sent':
            return ['project_id' => $projectId, 'customer_id' => $customerId, 'phone' => $item['phone_primary'] ?? $item['customer_phone'] ?? null];
        case 'published_proposal_link':
            return ['project_id' => $projectId, 'customer_id' => $customerId, 'proposal_link' => $item['proposal_link'] ?? null];
        case 'contract_signed':
            return ['project_id' => $projectId, 'customer_id' => $customerId, 'signed_at' => $item['signed_at'] ?? null];
        case 'recent_draft_project':
            return ['project_id' => $projectId, 'customer_id' => $customerId, 'is_draft' => $item['is_draft'] ?? null];
    }
    return [];
}

/** Appends one JSON line; LOCK_EX so concurrent workers (PHP_CLI_SERVER_WORKERS) do not interleave. */
function record(array $entry): void
{
    $file = getenv('SOLARPROOF_EVENTS_FILE') ?: __DIR__ . '/events.jsonl';
    file_put_contents($file, json_encode($entry, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n", FILE_APPEND | LOCK_EX);
}

function answer(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body, JSON_UNESCAPED_SLASHES), "\n";
}
