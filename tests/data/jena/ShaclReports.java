// Validate N-Triples files against one shapes file with Apache Jena SHACL and write each report
// (the sh:ValidationReport graph, N-Triples) beside its data file as <data>.report.nt.
// One JVM for all files: a JVM start costs more than validating a fixture.
// Used by tests/test_shacl_jena.py:  java -cp <jena jars> ShaclReports.java SHAPES DATA...
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

import java.io.FileOutputStream;
import java.io.OutputStream;

public class ShaclReports {
    public static void main(String[] args) throws Exception {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int i = 1; i < args.length; i++) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            try (OutputStream out = new FileOutputStream(args[i] + ".report.nt")) {
                RDFDataMgr.write(out, report.getModel(), Lang.NTRIPLES);
            }
        }
    }
}
