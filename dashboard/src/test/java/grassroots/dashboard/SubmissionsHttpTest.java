package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.Audit;
import grassroots.access.Role;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Returns through the web over real HTTP: a county's upload checked against the form's rules, the division table and
 * the reporter's scope; its problems as a marked workbook; submit, return, approve, the lock and its reopening, the
 * tracker and the audit log; files that are not returns refused with nothing recorded.
 */
class SubmissionsHttpTest extends LiveServer {
    static String header;
    /** The generated 2020 JC-1 rows of one county of Ningxia, as CSV lines. */
    static List<String> countyRows;
    static String county, otherCounty, otherCountyRow;
    static String reporter, manager, otherManager, researcher;

    @BeforeAll
    static void files() throws IOException {
        List<String> lines = Files.readAllLines(tmp.resolve("returns/JC-1/64/JC-1_64_2020.csv"), StandardCharsets.UTF_8);
        header = lines.get(0);
        county = lines.get(1).substring(0, 6);
        countyRows = lines.subList(1, lines.size()).stream().filter(l -> l.startsWith(county)).toList();
        otherCountyRow = lines.stream().skip(1).filter(l -> !l.startsWith(county)).findFirst().orElseThrow();
        otherCounty = otherCountyRow.substring(0, 6);
        reporter = tokenOf("county-reporter", Role.REPORTER, county);
        manager = tokenOf("ningxia-manager", Role.MANAGER, "64");
        otherManager = tokenOf("jiangsu-manager", Role.MANAGER, "32");
        researcher = tokenOf("ningxia-researcher", Role.RESEARCHER, "64");
    }

    static HttpResponse<String> upload(String token, String form, String year, String fileName, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "----grassroots" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] p : new String[][] {{"form", form}, {"year", year}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"\r\n\r\n" + p[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/submissions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static byte[] csv(List<String> rows) {
        return (header + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the value of one column in a CSV line (the sample writes no quoted cells). */
    static String with(String line, String field, String value) {
        List<String> names = List.of(header.split(",", -1));
        String[] cells = line.split(",", -1);
        cells[names.indexOf(field)] = value;
        return String.join(",", cells);
    }

    static JsonNode json(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static int submissionCount() {
        return access.submissions.list("JC-1", 2020, "CN").size() + access.submissions.list("JC-2", 2020, "CN").size();
    }

    @Test
    void aCountysUploadIsCheckedAndItsProblemsComeBackMarkedInAWorkbook() throws Exception {
        List<String> rows = new ArrayList<>(countyRows);
        rows.set(0, with(rows.get(0), "households", "abc"));                                 // not a number
        rows.set(1, with(with(rows.get(1), "households", "999999"), "population", "10"));    // households > population
        rows.add(otherCountyRow);                                                             // outside the reporter's scope
        rows.add(with(rows.get(3), "unit_code", "640000000000"));                            // not in the division table
        JsonNode r = json(upload(reporter, "JC-1", "2020", "县报表.csv", csv(rows)), 201);
        assertEquals("checked", r.get("status").asText());
        assertEquals(rows.size(), r.get("rows").asInt());
        assertEquals(4, r.get("rejected").asInt(), r.toString());
        assertEquals(rows.size() - 4, r.get("accepted").asInt());
        assertEquals(county, r.get("region").asText(), "the smallest region holding the accepted rows");
        List<String> rules = StreamSupport.stream(r.get("problems").spliterator(), false).map(p -> p.get("rule").asText()).toList();
        assertTrue(rules.contains("households.type"), rules.toString());
        assertTrue(rules.contains("households_le_population"), rules.toString());
        assertTrue(rules.contains("unit_code.unknown"), rules.toString());
        assertTrue(rules.contains("unit_code.scope"), rules.toString());
        JsonNode first = r.get("problems").get(0);
        assertEquals(2, first.get("row").asInt(), "the row number a person sees (the header is row 1)");
        assertEquals("households", first.get("field").asText());
        assertEquals("abc", first.get("value").asText());
        assertFalse(first.get("message_zh").asText().isBlank());
        assertFalse(first.get("message_en").asText().isBlank());

        // the workbook: the file's rows, the bad cells filled, a reason column
        long id = r.get("id").asLong();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/submissions/" + id + "/problems?format=xlsx"))
                .header("Authorization", "Bearer " + reporter).build();
        HttpResponse<byte[]> xlsx = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            assertEquals(rows.size() + 1, sheet.getPhysicalNumberOfRows());
            XSSFRow head = sheet.getRow(0);
            int reason = head.getLastCellNum() - 1, households = List.of(header.split(",")).indexOf("households");
            assertEquals("问题 / problems", head.getCell(reason).getStringCellValue());
            XSSFRow bad = sheet.getRow(1);
            assertEquals("abc", bad.getCell(households).getStringCellValue());
            assertEquals(FillPatternType.SOLID_FOREGROUND, bad.getCell(households).getCellStyle().getFillPattern());
            assertTrue(bad.getCell(reason).getStringCellValue().contains("households.type"));
            XSSFRow good = sheet.getRow(5);
            assertNotEquals(FillPatternType.SOLID_FOREGROUND, good.getCell(households).getCellStyle().getFillPattern());
            assertTrue(good.getCell(reason) == null || good.getCell(reason).getStringCellValue().isEmpty());
        }
        // a researcher may neither upload nor see it; a manager elsewhere may not see it
        assertEquals(403, upload(researcher, "JC-1", "2020", "a.csv", csv(countyRows)).statusCode());
        assertEquals(403, get("/api/submissions/" + id, otherManager).statusCode());
        assertEquals(200, get("/api/submissions/" + id, manager).statusCode());
    }

    @Test
    void filesThatAreNotReturnsAreRefusedClearlyAndNothingIsRecorded() throws Exception {
        int before = submissionCount();
        byte[] jc2 = Files.readAllBytes(tmp.resolve("returns/JC-2/64/JC-2_64_2020.csv"));
        byte[] truncated = csv(countyRows);
        truncated = java.util.Arrays.copyOf(truncated, truncated.length - 40);
        Object[][] cases = {
                {"empty.csv", new byte[0], 422},
                {"header-only.csv", (header + "\n").getBytes(StandardCharsets.UTF_8), 422},
                {"notes.csv", "hello,world\nthis is,not a return\n".getBytes(StandardCharsets.UTF_8), 422},
                {"jc2.csv", jc2, 422},
                {"cut.csv", truncated, 422},
                {"fake.xlsx", "PK\u0003\u0004 not really a workbook".getBytes(StandardCharsets.ISO_8859_1), 422},
                {"wide.csv", ("unit_code,year," + "x,".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8), 422},
                {"payload.exe", new byte[] {1, 2, 3}, 415},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = upload(reporter, "JC-1", "2020", (String) c[0], (byte[]) c[1]);
            JsonNode error = json(r, (int) c[2]).get("error");
            assertFalse(error.get("zh").asText().isBlank(), c[0] + " → " + r.body());
            assertFalse(error.get("en").asText().isBlank(), c[0] + " → " + r.body());
            assertFalse(r.body().contains(tmp.toString()), "no server path in " + r.body());
        }
        assertEquals(400, upload(reporter, "JC-9", "2020", "a.csv", csv(countyRows)).statusCode());
        assertEquals(400, upload(reporter, "JC-1", "20x0", "a.csv", csv(countyRows)).statusCode());
        assertEquals(before, submissionCount(), "nothing recorded");
        try (var incoming = Files.list(tmp.resolve("wh/submissions/incoming"))) {
            assertEquals(0, incoming.count(), "nothing left on disk");
        }
    }

    @Test
    void submitReturnApproveLockAndReopenAreScopedAuditedAndTracked() throws Exception {
        List<String> jc1 = countyRows;
        // the other county of the file, so that this test's lock does not meet the other tests' uploads
        long first = json(upload(reporter, "JC-1", "2019", "v1.csv", csv(jc1.stream().map(l -> with(l, "year", "2019")).toList())), 201).get("id").asLong();
        long second = json(upload(reporter, "JC-1", "2019", "v2.csv", csv(jc1.stream().map(l -> with(l, "year", "2019")).toList())), 201).get("id").asLong();

        assertEquals("submitted", json(post("/api/submissions/" + first + "/submit", "", reporter), 200).get("status").asText());
        assertEquals(403, post("/api/submissions/" + first + "/approve", "", reporter).statusCode(), "a reporter does not approve");
        assertEquals(403, post("/api/submissions/" + first + "/approve", "", otherManager).statusCode(), "nor a manager elsewhere");
        // the second submission supersedes the first, which can no longer be approved
        assertEquals("submitted", json(post("/api/submissions/" + second + "/submit", "", reporter), 200).get("status").asText());
        assertEquals("superseded", json(get("/api/submissions/" + first, reporter), 200).get("status").asText());
        assertEquals(409, post("/api/submissions/" + first + "/approve", "", manager).statusCode());

        assertEquals(400, post("/api/submissions/" + second + "/return", "{}", manager).statusCode(), "a return needs a reason");
        JsonNode returned = json(post("/api/submissions/" + second + "/return", "{\"comment\": \"户数有误，请核对\"}", manager), 200);
        assertEquals("returned", returned.get("status").asText());
        assertEquals("户数有误，请核对", json(get("/api/submissions/" + second, reporter), 200).get("comment").asText(), "the reporter sees why");
        assertEquals("submitted", json(post("/api/submissions/" + second + "/submit", "", reporter), 200).get("status").asText());

        JsonNode tracker = json(get("/api/submissions?form=JC-1&year=2019&parent=" + county.substring(0, 4), manager), 200);
        JsonNode row = StreamSupport.stream(tracker.get("regions").spliterator(), false)
                .filter(x -> x.get("code").asText().equals(county)).findFirst().orElseThrow();
        assertEquals("submitted", row.get("status").asText());
        assertTrue(row.get("expected_units").asInt() >= jc1.size(), row.toString());
        assertEquals(jc1.size(), row.get("covered_units").asInt(), row.toString());
        assertTrue(row.get("on_time").isBoolean());
        assertEquals("2020-03-31", tracker.get("deadline").asText(), "the form's deadline, declared in its catalog file");
        assertEquals(403, get("/api/submissions?form=JC-1&year=2019&parent=64", reporter).statusCode(), "a county sees its own region only");

        // a double click on approve: approved once
        List<Integer> statuses = new ArrayList<>();
        for (var f : List.of(http.sendAsync(postRequest("/api/submissions/" + second + "/approve", manager), HttpResponse.BodyHandlers.ofString()),
                http.sendAsync(postRequest("/api/submissions/" + second + "/approve", manager), HttpResponse.BodyHandlers.ofString()))) {
            statuses.add(f.get().statusCode());
        }
        assertEquals(List.of(200, 409), statuses.stream().sorted().toList());
        JsonNode approved = json(get("/api/submissions/" + second, manager), 200);
        assertEquals("approved", approved.get("status").asText());
        assertTrue(approved.get("locked").asBoolean());
        JsonNode publishing = json(get("/api/publishing", manager), 200);
        assertTrue(StreamSupport.stream(publishing.get("queue").spliterator(), false).anyMatch(s -> s.get("id").asLong() == second));

        // locked: a new upload needs a reopening first
        HttpResponse<String> locked = upload(reporter, "JC-1", "2019", "v3.csv", csv(jc1.stream().map(l -> with(l, "year", "2019")).toList()));
        assertEquals(409, locked.statusCode(), locked.body());
        assertTrue(json.readTree(locked.body()).get("error").get("zh").asText().contains("重新开放"));
        assertEquals(403, post("/api/submissions/" + second + "/reopen", "", reporter).statusCode());
        assertEquals("returned", json(post("/api/submissions/" + second + "/reopen", "{\"comment\": \"补报\"}", manager), 200).get("status").asText());
        assertEquals(201, upload(reporter, "JC-1", "2019", "v3.csv", csv(jc1.stream().map(l -> with(l, "year", "2019")).toList())).statusCode());

        List<Audit.Entry> trail = access.audit.list(new Audit.Filter(null, null, null, null, 500));
        String actions = trail.stream().filter(e -> e.action().startsWith("submission.")).map(e -> e.action() + ":" + e.outcome())
                .collect(Collectors.joining(" "));
        for (String a : List.of("submission.upload:ok", "submission.submit:ok", "submission.return:ok", "submission.approve:ok",
                "submission.approve:refused", "submission.reopen:ok")) {
            assertTrue(actions.contains(a), a + " in " + actions);
        }
        Audit.Entry upload = trail.stream().filter(e -> e.action().equals("submission.upload") && e.outcome().equals("ok")).findFirst().orElseThrow();
        assertEquals("county-reporter", upload.user());
        assertTrue(upload.detail().contains("sha256="), upload.detail());
        assertNotNull(upload.rows());
    }

    static HttpRequest postRequest(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
