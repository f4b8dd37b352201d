// EPUBCheck on many e-books in one Java process: one JVM start-up instead of one per book.
// Usage: java -cp epubcheck.jar CheckEpubs.java REPORTS_DIR BOOK.epub...
// Writes REPORTS_DIR/<n>.json (EPUBCheck's own JSON report) for the n-th book, from 0.
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.File;

public class CheckEpubs {
    public static void main(String[] args) {
        File reports = new File(args[0]);
        for (int n = 1; n < args.length; n++) {
            String report = new File(reports, (n - 1) + ".json").getPath();
            new EpubChecker().run(new String[] {args[n], "-q", "--json", report});
        }
    }
}
