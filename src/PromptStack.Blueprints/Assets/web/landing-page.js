// Static page: no API. Marks the section in view in the navigation and keeps the footer year current.
const links = [...document.querySelectorAll("nav.sections a")];
const year = document.getElementById("year");
if (year) year.textContent = String(new Date().getFullYear());

if ("IntersectionObserver" in window) {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      for (const link of links) link.classList.toggle("active", link.getAttribute("href") === `#${entry.target.id}`);
    }
  }, { rootMargin: "-40% 0px -55% 0px" });
  for (const section of document.querySelectorAll("section[id]")) observer.observe(section);
}
