package com.convosensei.admin.broken;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.List;

/** Test-only endpoint: an answer that fails half-way through serialization (see BadInputTest). */
@Path("/test-only/broken-serialization")
@PermitAll
public class BrokenSerializationResource {

    public record Item(int n) {
        public String getBoom() {
            if (n == 3) {
                throw new IllegalStateException("cannot serialize item " + n);
            }
            return "fine";
        }

        public String getPadding() {
            return "x".repeat(4000);
        }
    }

    @GET
    public List<Item> get(@QueryParam("items") int items) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            out.add(new Item(i));
        }
        return out;
    }
}
